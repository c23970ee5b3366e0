"""Build-time code of the cheatsheet site, one module per job.

- ``hooks``: the MkDocs event functions; each delegates to a module below.
- ``settings``: the build's settings (``CHEATSHEET_*`` environment variables).
- ``formats``: one parser per project format (includes, shown text, front matter, snippet
  header, concept pages, predict markers, the version line), shared by the build, the bench and the tests.
- ``executor``: runs snippet files in forked children of a TensorFlow-preloaded server,
  with a timeout; ``child``: what runs in the child (capturing stdout and figures);
  ``dark``: each figure's dark variant, drawn in the child;
  ``thumbs``: each figure's gallery thumbnail (WebP), drawn in the child;
  ``notebook_run``: runs a lab notebook in a fresh kernel.
- ``cache``: stores results keyed by the bytes of everything a file read.
- ``outputs``: runs what pages show and places each Output box under its code.
- ``report``: the build report page and the footer stamp.
- ``gallery``: the figure gallery page; ``pdf``: cheatsheet.pdf, printed by Chromium.
- ``generated``: page parts written from markers (week table, version line, glossary).
- ``predict``: "predict the output" questions, answered from a snippet's captured output.
- ``search``: search ranking: page boosts, error headings for the gotchas, the written index
  adjusted (tag weight, topic tags, error boost).
- ``api_index``: the API index page and each concept page's "APIs this page's code uses".
- ``htmlfix``: math to MathML, accessible names, the site CSS inlined.
- ``notebooks``: lab pages: no MathJax, focusable code cells, shared CSS.
- ``serve``: serves a built site quietly (bench, tests); ``bench``: ``make bench``.
"""
