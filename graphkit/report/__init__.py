"""The report: one offline HTML page answering the field's questions about the cooperation network.

Do states with a cyber-diplomacy office sit more centrally than states
without? How did the network change year by year? Which blocs exist, and who
brokers between them? One module per concern, flat:

* :mod:`~graphkit.report.offices`: the office holders and the statistics
  comparing them with the other states (pure functions of numbers);
* :mod:`~graphkit.report.yearly`: the network year by year (density, forums,
  modularity, leaders, blocs, risers and fallers);
* :mod:`~graphkit.report.brokers`: the actors with the highest betweenness and
  the blocs they connect;
* :mod:`~graphkit.report.charts`: the figures, as deterministic inline SVG;
* :mod:`~graphkit.report.page`: the HTML page (no script, nothing loaded);
* :mod:`~graphkit.report.build`: the options, reading the store, putting it
  together, writing the file.

``graphkit report`` is its command; ``docs/report.md`` says what each
section computes.
"""
