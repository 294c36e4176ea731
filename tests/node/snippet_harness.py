#!/usr/bin/python3
"""Runs the explorer's NumPy and PyTorch snippets for tests/node/snippets.test.mjs.

Usage: /usr/bin/python3 snippet_harness.py job.json results.json

job.json:     {"cases": [{"id", "numpy", "torch", "x"}], "programs": [{"id", "text"}]}
              numpy: a whole NumPy snippet; torch: the expression of a PyTorch
              snippet's `y = ...` line; programs: whole PyTorch snippets.
results.json: {"cases": [{"numpy": R, "torch": R}], "programs": {id: error or null}}
              R is {"f": [...], "df": [...]} or {"error": "..."}.

Numbers JSON cannot hold travel as the strings "nan", "inf", "-inf" (and x's
negative zero as "-0.0"), as in tests/golden/. One process for every case:
importing torch costs more than all the snippets together.
"""
import contextlib
import importlib
import io
import json
import math
import sys
import traceback

# The test must fail, not skip, without them: name what to install.
for module, package in (("numpy", "python3-numpy"), ("scipy.special", "python3-scipy"),
                        ("torch", "python3-torch")):
    try:
        importlib.import_module(module)
    except ImportError as e:
        sys.exit(f"{sys.executable} cannot import {module} ({e}): install the Debian package {package}")

import numpy as np
import torch
import torch.nn.functional as F

# Naive formulas overflow at 1e308 on purpose; the test's tolerance judges the
# results, warnings would only bury the report.
np.seterr(all="ignore")


def encode(array):
    return [v if math.isfinite(v) else "nan" if math.isnan(v) else "inf" if v > 0 else "-inf"
            for v in array.tolist()]


def float64_array(value, like, what):
    """The snippet's result, if it is what float64 code must return."""
    if isinstance(value, torch.Tensor):
        ok = value.dtype == torch.float64 and tuple(value.shape) == tuple(like.shape)
        value = value.detach().numpy()
    else:
        ok = isinstance(value, np.ndarray) and value.dtype == np.float64 and value.shape == like.shape
    if not ok:
        raise TypeError(f"{what} returned {type(value).__name__} {getattr(value, 'dtype', '')} "
                        f"shape {np.shape(value)}, not float64 of shape {tuple(like.shape)}")
    return encode(value)


def run(text):
    """Executes a whole snippet, demo lines included, in a namespace of its own."""
    namespace = {"__name__": "__snippet__"}
    with contextlib.redirect_stdout(io.StringIO()):  # the demo's print is not ours to parse
        exec(compile(text, "<snippet>", "exec"), namespace)
    return namespace


def numpy_case(case, x):
    namespace = run(case["numpy"])
    return {kind: float64_array(namespace[name](x.copy()), x, f"{name}(x)")
            for kind, name in (("f", case["id"]), ("df", case["id"] + "_grad"))}


def torch_case(case, x):
    if case["torch"] is None:
        raise ValueError("the PyTorch snippet has no `y = ...` line")
    x = torch.tensor(x, dtype=torch.float64, requires_grad=True)
    y = eval(case["torch"], {"torch": torch, "F": F, "x": x})
    f = float64_array(y, x, case["torch"])
    (g,) = torch.autograd.grad(y, x, torch.ones_like(y))
    return {"f": f, "df": float64_array(g, x, "its gradient")}


def error():
    return traceback.format_exc(limit=-1).strip()


def main():
    with open(sys.argv[1]) as fh:
        job = json.load(fh)
    results = {"cases": [], "programs": {}}
    for case in job["cases"]:
        x = np.array([float(v) for v in case["x"]], dtype=np.float64)
        entry = {}
        for language, evaluate in (("numpy", numpy_case), ("torch", torch_case)):
            try:
                entry[language] = evaluate(case, x)
            except Exception:
                entry[language] = {"error": error()}
        results["cases"].append(entry)
    for program in job["programs"]:
        try:
            run(program["text"])
            results["programs"][program["id"]] = None
        except Exception:
            results["programs"][program["id"]] = error()
    with open(sys.argv[2], "w") as fh:
        json.dump(results, fh, allow_nan=False)


if __name__ == "__main__":
    main()
