#!/usr/bin/python3
"""Generate the golden data in tests/golden/ with the real PyTorch.

Run with Debian's interpreter (apt-get install python3-torch python3-mpmath),
after a native build (scripts/build.sh native):
    /usr/bin/python3 tools/generate_golden.py [--only ID ...] [--table PATH]

Everything about an activation comes from the C++ table (printed by the
native `activation_lab_table` tool): its parameters, their defaults and
ranges, where its reference comes from, and the PyTorch expression to
evaluate (the same one the page's Code panel shows). Nothing here names an
activation except REFERENCE, the exact formulas for mpmath.

For every activation, dtype (float64, float32) and parameter setting (the
defaults, then each parameter at the ends of its slider range), it evaluates f
and, with autograd, f' on: a dense grid over twice the suggested range; every
kink candidate (0, +-1, +-3, 6, +-each parameter, ratios of parameters) and its
two neighbouring floats; +-0; magnitudes from subnormal to the largest finite
value; +-inf and NaN.

Tensors are padded to a multiple of 64 elements, so PyTorch runs its
vectorised CPU kernels on every point, the path any real tensor takes. For
"bitExact" activations each point is also evaluated alone (PyTorch's scalar
loop); where the two paths disagree (only hardswish'(3): 1.5 scalar, 1.0
vectorised) the scalar value, which is PyTorch's documented formula, is kept
and the disagreement is listed in the file under "torch_paths_disagree".

For the other (transcendental) activations the file also holds an exact
reference computed with mpmath at 2400 bits ("f_ref", "df_ref"), and the
condition scales |x f'(x)| and |x f''(x)| ("f_scale", "df_scale"): the tests
use them to tell PyTorch's own rounding losses (e.g. exp(x) - 1 near 0 in its
elu) from ours. A new transcendental activation needs a formula in REFERENCE.

An activation whose table reference is "mpmath" has no PyTorch function: its
"f" and "df" are the exact values rounded to the dtype, and the file says
"reference": "mpmath", "torch": null.
"""
import argparse
import json
import math
import os
import re
import subprocess
import sys

import mpmath as mp
import numpy as np
import torch
import torch.nn.functional as F

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "tests", "golden")
TABLE_TOOL = os.path.join(ROOT, "build", "native", "activation_lab_table")
DTYPES = {"float64": (torch.float64, np.float64), "float32": (torch.float32, np.float32)}


# Enough bits to resolve results far below the terms they come from:
# celu'(-60; alpha=0.1) = e^-600 ~ 1e-261 is a difference of numbers near 0.1.
mp.mp.prec = 2400
SELU_ALPHA = mp.mpf("1.6732632423543772848170429916717")
SELU_SCALE = mp.mpf("1.0507009873554804934193349852946")


def _gelu(x, p):
    if p["approximate"] == "tanh":
        return x / 2 * (1 + mp.tanh(mp.sqrt(2 / mp.pi) * (x + mp.mpf("0.044715") * x**3)))
    return x * mp.ncdf(x)


# The mathematical function (parameters as the dtype holds them), for every
# activation whose kernels use transcendental functions.
REFERENCE = {
    "elu": lambda x, p: x if x > 0 else p["alpha"] * mp.expm1(x),
    "selu": lambda x, p: SELU_SCALE * (x if x > 0 else SELU_ALPHA * mp.expm1(x)),
    "celu": lambda x, p: x if x > 0 else p["alpha"] * mp.expm1(x / p["alpha"]),
    "gelu": _gelu,
    "silu": lambda x, p: x / (1 + mp.exp(-x)),
    "mish": lambda x, p: x * mp.tanh(mp.log1p(mp.exp(x))),
    "softplus": lambda x, p: x if x * p["beta"] > p["threshold"]
    else mp.log1p(mp.exp(p["beta"] * x)) / p["beta"],
    "sigmoid": lambda x, p: 1 / (1 + mp.exp(-x)),
    "tanh": lambda x, p: mp.tanh(x),
    "logsigmoid": lambda x, p: -mp.log1p(mp.exp(-x)),
    "tanhshrink": lambda x, p: x - mp.tanh(x),
    "squareplus": lambda x, p: (x + mp.sqrt(x * x + p["b"])) / 2,
}


def needs_reference(act):
    return act["reference"] == "mpmath" or not act["bitExact"]


def reference(act, kwargs, xs, np_dtype):
    """Exact f, f' and condition scales |x f'|, |x f''|, rounded to float64."""
    f = REFERENCE[act["id"]]
    p = {k: (v if isinstance(v, str) else mp.mpf(float(np_dtype(v)))) for k, v in kwargs.items()}
    out = {"f_ref": [], "df_ref": [], "f_scale": [], "df_scale": []}
    for v in xs:
        x = mp.mpf(float(v)) if math.isfinite(float(v)) else None
        try:
            h = (abs(x) if x != 0 else 1) * mp.mpf(2) ** -80  # relative step
            d1 = mp.diff(lambda t: f(t, p), x, 1, h=h)
            d2 = mp.diff(lambda t: f(t, p), x, 2, h=h)
            values = [f(x, p), d1, abs(x * d1), abs(x * d2)]
        except (TypeError, OverflowError):  # +-inf, NaN, or beyond mpmath (erfc(1e300))
            values = [math.nan] * 4  # no reference: PyTorch's value must match
        for key, value in zip(out, values):
            out[key].append(encode(value))
    return out


def torch_call(act, x, kwargs):
    """The table's PyTorch expression of x, with the parameters' values."""
    expression = re.sub(r"\{(\w+)\}", lambda m: repr(kwargs[m.group(1)]), act["snippets"]["torch"])
    return eval(expression, {"torch": torch, "F": F, "x": x})  # the table's own text


def settings(act):
    """Defaults, then each parameter at both ends of its slider range."""
    default = {p["name"]: p["default"] for p in act["params"]}
    out = [default]
    for p in act["params"]:
        values = range(len(p["choices"])) if "choices" in p else (p["min"], p["max"])
        for v in values:
            s = dict(default, **{p["name"]: v})
            if s not in out and table_accepts(act, s):
                out.append(s)
    return out


def table_accepts(act, setting):
    args = [repr(float(setting[p["name"]])) for p in act["params"]]
    problem = subprocess.run([TABLE_TOOL, "check", act["id"], *args],
                             capture_output=True, text=True, check=True).stdout
    return problem.strip() == ""


def torch_kwargs(act, setting):
    kw = {}
    for p in act["params"]:
        v = setting[p["name"]]
        kw[p["name"]] = p["choices"][int(v)] if "choices" in p else float(v)
    return kw


def points(act, setting, np_dtype):
    lo, hi = act["xRange"]
    span = hi - lo
    xs = list(np.linspace(lo - span / 2, hi + span / 2, 481))
    values = [float(v) for v in setting.values()]
    kinks = {0.0, 1.0, -1.0, 3.0, -3.0, 6.0}
    kinks |= {v for v in values} | {-v for v in values}
    kinks |= {a / b for a in values for b in values if b != 0}
    info = np.finfo(np_dtype)
    for k in kinks:
        if abs(k) > info.max:
            continue
        k = np_dtype(k)
        xs += [k, np.nextafter(k, np_dtype(-np.inf)), np.nextafter(k, np_dtype(np.inf))]
    mags = [1e-300, 1e-30, 1e-8, 1e-4, 0.1, 10, 15, 20, 25, 30, 35, 40, 60, 90, 100,
            700, 710, 1e3, 1e5, 1e10, 1e15, 1e30, 1e38, 1e100, 1e200, 1e300]
    mags += [float(info.max), float(info.tiny), float(info.smallest_subnormal)]
    xs += [s * m for m in mags if m <= info.max for s in (1, -1)]
    xs += [0.0, -0.0, math.inf, -math.inf, math.nan]
    arr = np.array(xs, dtype=np.float64).astype(np_dtype)
    # Unique by bit pattern (keeps -0 and 0 apart), sorted by value.
    seen, out = set(), []
    for v in arr:
        key = v.tobytes()
        if key not in seen:
            seen.add(key)
            out.append(v)
    return sorted(out, key=lambda v: (math.isnan(v), float(v), not math.copysign(1, v) < 0))


def evaluate(act, kwargs, xs, torch_dtype, pad=True):
    n = len(xs)
    padded = xs + [xs[0]] * (-n % 64 if pad else 0)
    x = torch.tensor(np.array(padded), dtype=torch_dtype, requires_grad=True)
    y = torch_call(act, x, kwargs)
    (g,) = torch.autograd.grad(y, x, torch.ones_like(y))
    return y.detach()[:n].tolist(), g[:n].tolist()


def same(a, b):
    return (math.isnan(a) and math.isnan(b)) or (a == b and math.copysign(1, a) == math.copysign(1, b))


def prefer_scalar_path(act, kwargs, xs, torch_dtype, f, df):
    """Replace vectorised results by the scalar loop's where they differ."""
    disagree = []
    for i, v in enumerate(xs):
        if math.isnan(v):
            continue  # NaN in, NaN out is our own rule, tested separately
        fs, dfs = evaluate(act, kwargs, [v], torch_dtype, pad=False)
        if not (same(fs[0], f[i]) and same(dfs[0], df[i])):
            disagree.append({"x": encode(v), "vectorised": [encode(f[i]), encode(df[i])],
                             "scalar": [encode(fs[0]), encode(dfs[0])]})
            f[i], df[i] = fs[0], dfs[0]
    return disagree


def encode(v):
    v = float(v)
    if math.isnan(v):
        return "nan"
    if math.isinf(v):
        return "inf" if v > 0 else "-inf"
    return v


def golden_case(act, dtype_name, setting):
    torch_dtype, np_dtype = DTYPES[dtype_name]
    xs = points(act, setting, np_dtype)
    kwargs = torch_kwargs(act, setting)
    case = {"dtype": dtype_name, "params": setting, "x": [encode(v) for v in xs]}
    exact = reference(act, kwargs, xs, np_dtype) if needs_reference(act) else {}
    if act["reference"] == "mpmath":
        # No PyTorch function: the exact value, rounded to the dtype.
        f, df = ([np_dtype(float(v)) if not isinstance(v, str) else float(v)
                  for v in exact[key]] for key in ("f_ref", "df_ref"))
    else:
        f, df = evaluate(act, kwargs, xs, torch_dtype)
        if act["bitExact"]:
            disagree = prefer_scalar_path(act, kwargs, xs, torch_dtype, f, df)
            if disagree:
                case["torch_paths_disagree"] = disagree
    case["f"] = [encode(v) for v in f]
    case["df"] = [encode(v) for v in df]
    case.update(exact)
    return case


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", action="append", metavar="ID",
                        help="regenerate only this activation (repeatable)")
    parser.add_argument("--table", default=TABLE_TOOL,
                        help="the native activation_lab_table tool (default: %(default)s)")
    return parser.parse_args()


def main():
    global TABLE_TOOL
    args = parse_args()
    TABLE_TOOL = args.table
    if not os.access(TABLE_TOOL, os.X_OK):
        sys.exit(f"{TABLE_TOOL} not found: build it first (bash scripts/build.sh native)")
    table = json.loads(subprocess.run([TABLE_TOOL], capture_output=True, text=True,
                                      check=True).stdout)
    ids = [act["id"] for act in table]
    unknown = [i for i in args.only or [] if i not in ids]
    if unknown:
        sys.exit(f"not in the table: {', '.join(unknown)}. Table ids: {', '.join(ids)}")
    chosen = [act for act in table if not args.only or act["id"] in args.only]
    # Before any work: every activation that needs an exact reference has one.
    missing = [act["id"] for act in chosen if needs_reference(act) and act["id"] not in REFERENCE]
    if missing:
        sys.exit(f"no mpmath formula in REFERENCE for: {', '.join(missing)} "
                 "(tools/generate_golden.py; needed where the table's reference is mpmath "
                 "or the activation is not bit-exact)")
    os.makedirs(OUT, exist_ok=True)
    for act in chosen:
        cases = [golden_case(act, dtype_name, setting)
                 for dtype_name in DTYPES for setting in settings(act)]
        doc = {"id": act["id"], "generator": "tools/generate_golden.py",
               "reference": act["reference"],
               "torch": torch.__version__ if act["reference"] == "pytorch" else None,
               "cases": cases}
        with open(os.path.join(OUT, act["id"] + ".json"), "w") as fh:
            json.dump(doc, fh, separators=(",", ":"))
            fh.write("\n")
        print(act["id"], len(cases), "cases", sum(len(c["x"]) for c in cases), "points")


if __name__ == "__main__":
    main()
