"""Cooperation analysis: the state–forum graph, its projection, centrality, runs and export."""
