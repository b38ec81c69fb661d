"""Writing reports in git: a new agency file (`skeleton`), next year's report added to an existing
file (`next_year`), and the text comparison behind the duplicate-text warning (`similarity`)."""
