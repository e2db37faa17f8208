"""The dataset: reading and validating folders of CSV files, partial dates, and loading them into Neo4j."""
