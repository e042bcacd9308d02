from wco_cli.entry import run

run()
