#!/usr/bin/env python3
"""Golden training trajectories for the engine in cpp/src/nn, from PyTorch.

For each case, the native tool activation_lab_nn builds the network and its
data from a seed and prints the initial weights. This script loads them into
an equivalent torch.nn.Sequential (nn.Linear layers, and the activation as
the table's own PyTorch expression), trains it with torch.optim.SGD or
torch.optim.Adam on torch.nn.functional.mse_loss in float64, and records the
loss of every step and the final weights. tests/cpp/nn_test.cpp replays each
case in the core and compares.

Run after `bash scripts/build.sh native`, with Debian's /usr/bin/python3
(python3-torch):  /usr/bin/python3 tools/generate_nn_golden.py
"""

import json
import os
import subprocess
import sys

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from generate_golden import torch_call  # noqa: E402  the table's own expression

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
NN_TOOL = os.path.join(ROOT, "build", "native", "activation_lab_nn")
TABLE_TOOL = os.path.join(ROOT, "build", "native", "activation_lab_table")
OUT = os.path.join(ROOT, "tests", "golden-nn", "trajectories.json")

STEPS = 200
BASE = {"hidden": "16,16", "target": "sine", "n": "32", "steps": str(STEPS)}
SGD = {"optimizer": "sgd", "lr": "0.05", "momentum": "0.9"}
# Adam's rate stays below where these fits oscillate: there (leaky_relu at
# lr 0.01, after step 140) any two summation orders drift apart tenfold
# every 20 steps, which says nothing about whether the operations are
# PyTorch's.
ADAM = {"optimizer": "adam", "lr": "0.005"}
CASES = [
    dict(BASE, activation=act, seed=str(seed), **opt)
    for seed, (act, opt) in enumerate(
        (act, opt) for act in ("relu", "leaky_relu", "tanh", "gelu") for opt in (SGD, ADAM))
] + [
    # The optimisers' other options.
    dict(BASE, activation="relu", seed="11", optimizer="sgd", lr="0.05", momentum="0.9",
         nesterov="1", weight_decay="0.001"),
    dict(BASE, activation="tanh", seed="12", optimizer="sgd", lr="0.1", momentum="0.5",
         dampening="0.1"),
    dict(BASE, activation="elu", seed="13", optimizer="adam", lr="0.01", beta1="0.8",
         beta2="0.99", eps="1e-6", amsgrad="1", weight_decay="0.01"),
    dict(BASE, activation="leaky_relu", seed="14", optimizer="sgd", lr="0.1", init="he",
         hidden="8,8,8", target="abs", n="64"),
]


def run(mode, options):
    args = [f"{k}={v}" for k, v in options.items()]
    return subprocess.run([NN_TOOL, mode, *args], capture_output=True, text=True,
                          check=True).stdout


class Activation(torch.nn.Module):
    def __init__(self, act):
        super().__init__()
        self.act = act
        self.kwargs = {}
        for p in act["params"]:
            d = p["default"]
            self.kwargs[p["name"]] = p["choices"][int(d)] if "choices" in p else float(d)

    def forward(self, z):
        return torch_call(self.act, z, self.kwargs)


def model_for(act, weights):
    modules = []
    for i, layer in enumerate(weights):
        linear = torch.nn.Linear(layer["in"], layer["out"], dtype=torch.float64)
        with torch.no_grad():
            linear.weight.copy_(torch.tensor(layer["weight"], dtype=torch.float64)
                                .reshape(layer["out"], layer["in"]))
            linear.bias.copy_(torch.tensor(layer["bias"], dtype=torch.float64))
        modules.append(linear)
        if i + 1 < len(weights):
            modules.append(Activation(act))
    return torch.nn.Sequential(*modules)


def optimizer_for(options, params):
    get = lambda key, default: float(options.get(key, default))  # noqa: E731
    if options["optimizer"] == "adam":
        return torch.optim.Adam(params, lr=get("lr", 1e-3),
                                betas=(get("beta1", 0.9), get("beta2", 0.999)),
                                eps=get("eps", 1e-8), weight_decay=get("weight_decay", 0),
                                amsgrad=options.get("amsgrad") == "1", foreach=False)
    return torch.optim.SGD(params, lr=get("lr", 0.01), momentum=get("momentum", 0),
                           dampening=get("dampening", 0), nesterov=options.get("nesterov") == "1",
                           weight_decay=get("weight_decay", 0), foreach=False)


def weights_of(model):
    return [{"in": m.in_features, "out": m.out_features,
             "weight": m.weight.detach().reshape(-1).tolist(), "bias": m.bias.detach().tolist()}
            for m in model if isinstance(m, torch.nn.Linear)]


def main():
    if not os.access(NN_TOOL, os.X_OK):
        sys.exit(f"{NN_TOOL} not found: build it first (bash scripts/build.sh native)")
    table = {a["id"]: a for a in json.loads(subprocess.run(
        [TABLE_TOOL], capture_output=True, text=True, check=True).stdout)}
    cases = []
    for options in CASES:
        start = json.loads(run("init", options))
        model = model_for(table[options["activation"]], start["weights"])
        x = torch.tensor(start["x"], dtype=torch.float64).reshape(-1, 1)
        y = torch.tensor(start["y"], dtype=torch.float64).reshape(-1, 1)
        opt = optimizer_for(options, model.parameters())
        losses = []
        for _ in range(STEPS):
            opt.zero_grad()
            loss = torch.nn.functional.mse_loss(model(x), y)
            loss.backward()
            losses.append(loss.item())
            opt.step()
        cases.append({"options": options, "initial": start["weights"], "losses": losses,
                      "final": weights_of(model)})
        print(options["activation"], options["optimizer"], f"loss {losses[0]:.4g} -> {losses[-1]:.4g}")
    doc = {"generator": "tools/generate_nn_golden.py", "torch": torch.__version__, "steps": STEPS,
           "cases": cases}
    with open(OUT, "w") as fh:
        json.dump(doc, fh, separators=(",", ":"))
        fh.write("\n")


if __name__ == "__main__":
    main()
