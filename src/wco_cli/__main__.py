from wco_cli.cli import run

run()
