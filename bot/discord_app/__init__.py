"""The Discord adapter: client, slash commands, channel questions and embed rendering.

Importing this package loads neither the model nor the index; `main.run_bot` does that once.
"""
