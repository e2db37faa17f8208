"""Interactive network views: one offline HTML file per view (PyVis + vis-network).

:mod:`~graphkit.views.build` (what to draw), :mod:`~graphkit.views.style` (how it looks),
:mod:`~graphkit.views.layout` (where the nodes go), :mod:`~graphkit.views.escape` (data that never runs),
:mod:`~graphkit.views.html` (the page) and
:mod:`~graphkit.views.render` (from the database to the file).
"""
