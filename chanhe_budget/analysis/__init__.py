"""Analysis: ratios of one disclosure (:mod:`.ratios`) and panels of a corpus (:mod:`.panel`)."""
