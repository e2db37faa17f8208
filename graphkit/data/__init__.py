"""The dataset: the schema, reading and validating folders of CSV files, and loading them into Neo4j."""
