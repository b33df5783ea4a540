"""callbot: answers about press coverage with verbatim, attributed quotes."""
