"""The formats of ``hvcheck graph``: a host's dependency graph for other tools. Every module here has
``stream(graph)`` for the networkx graph :func:`hvcheck.graph.build_graph` returns."""
