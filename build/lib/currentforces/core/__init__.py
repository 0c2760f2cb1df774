"""The foundation every layer uses; no physics.

Names and ranges, input checks, quadrature, the execution engine and the disk cache.

- :mod:`.registry`: the names of kernels, correlations, geometries, nuclei;
- :mod:`.inputs`: the checks of a value at a public boundary (``require_positive``, ...);
- :mod:`.parameter_box`: what each chapter or study parameter means and its allowed range;
- :mod:`.quadrature`: the wave-vector rules and sphere rules;
- :mod:`.parallel`: a function mapped over tasks, locally or on dask, fault-tolerant;
- :mod:`.diskcache`: atomic cache entries and the source digest.
"""
