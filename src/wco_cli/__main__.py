from wco_cli.cli import main

main()
