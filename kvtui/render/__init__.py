"""Pure functions that turn one ``Kamervraag`` into text, Markdown or JSON.

Import the submodule you need (``kvtui.render.text`` …); each is cheap on its own.
"""
