"""One module per command. Each defines COMMAND (the function Typer calls) and HELP; the order
here is the order of `wco --help`."""

COMMANDS = ("offices", "members", "regions", "facts", "goals", "history", "instruments", "hs",
            "search", "sources", "schema", "validate", "export")
