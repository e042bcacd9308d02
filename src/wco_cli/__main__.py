from wco_cli.cli.entry import run

run()
