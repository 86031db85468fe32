"""A seeded synthetic registry in the engine's columnar form, at any size.

The mix follows the bundled registry: about two thirds of deployments name Huawei, the rest
spread over the other vendors; a tenth name two vendors; a third of list values and most
financing and access values are unknown, as in the real data.
"""

from __future__ import annotations

import numpy as np
import pycountry

from techrisk.scoring.readers import FIELDS
from techrisk.scoring.table import NO_END, DeploymentTable


def synthetic_table(n_deployments: int, n_countries: int, vendor_facts: dict, seed: int = 0) -> DeploymentTable:
    rng = np.random.default_rng(seed)
    codes = np.array(sorted(c.alpha_2 for c in pycountry.countries)[:n_countries], dtype=object)
    vendor_ids = tuple(vendor_facts)
    n = n_deployments
    scalars, lists = {}, {}
    for name, spec in FIELDS.items():
        if spec.kind != "values":
            continue
        size = len(spec.vocab)
        if spec.multi:
            matrix = rng.random((n, size)) < 1.5 / size
            if spec.can_be_unknown:
                u = spec.vocab.index("unknown")
                unknown = rng.random(n) < 0.35
                matrix[unknown] = False
                matrix[:, u] = unknown
                matrix[~matrix.any(axis=1), u] = True
            lists[name] = matrix
        else:
            codes_ = rng.integers(0, size, n).astype(np.int16)
            if spec.can_be_unknown:
                codes_[rng.random(n) < 0.5] = spec.vocab.index("unknown")
            scalars[name] = codes_
    # Only statuses that count, with a few ended records, as in the bundled data.
    scalars["status"] = rng.choice([FIELDS["status"].vocab.index(s) for s in ("operational", "contracted", "ended")],
                                   n, p=[0.8, 0.15, 0.05]).astype(np.int16)
    vendors = np.zeros((n, len(vendor_ids)), dtype=bool)
    first = rng.choice(len(vendor_ids), n, p=_vendor_mix(vendor_ids))
    vendors[np.arange(n), first] = True
    second = rng.random(n) < 0.1
    vendors[second, rng.integers(0, len(vendor_ids), second.sum())] = True
    start = rng.integers(730_000, 739_000, n).astype(np.int64)
    end = np.where(scalars["status"] == FIELDS["status"].vocab.index("ended"), start + 900, NO_END).astype(np.int64)
    return DeploymentTable(
        ids=np.array([f"d{i}" for i in range(n)], dtype=object),
        country=codes[rng.integers(0, len(codes), n)],
        scalars=scalars, lists=lists, vendors=vendors, vendor_ids=vendor_ids,
        start=start, end=end, vendor_facts=vendor_facts,
    )


def _vendor_mix(vendor_ids) -> list[float]:
    weights = np.array([4.0 if v == "huawei" else 1.0 for v in vendor_ids])
    return list(weights / weights.sum())
