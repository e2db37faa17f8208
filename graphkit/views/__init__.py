"""Interactive network views: one offline HTML file per view (PyVis + vis-network)."""
