"""Build-time code of the cheatsheet site.

- ``executor``: runs snippet files in forked children of a TensorFlow-preloaded
  server, with a timeout, capturing stdout and matplotlib figures.
- ``cache``: stores results keyed by the bytes of everything a snippet read.
- ``hooks``: the MkDocs hooks that execute every shown snippet, place its output
  under the code, render math to MathML and write the timing report.
- ``bench``: ``make bench``.
"""
