"""Analysis: ratios of one disclosure (:mod:`.ratios`), budget execution of a 决算 (:mod:`.execution`) and
panels of a corpus (:mod:`.panel`)."""
