"""The Textual reader. Only ``kvtui.cli.reader`` imports this package, so the other
subcommands never pay for Textual."""
