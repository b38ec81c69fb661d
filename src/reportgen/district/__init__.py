"""The district's view across agencies: a compliance summary of every agency's report
(`summary`) and a roll-up report whose every cell is the sum of the agencies' (`rollup`)."""
