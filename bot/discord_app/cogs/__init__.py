"""Cogs: slash commands and questions asked in channels."""
