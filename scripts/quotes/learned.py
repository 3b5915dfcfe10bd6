"""What the two training scripts share: the feature names as the Rust source declares them,
and the committed `feature<TAB>weight` files read back in that order."""

import os

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def feature_names(source):
    """The strings of `pub(crate) const FEATURES` in the Rust file `source` (repo-relative)."""
    src = open(os.path.join(ROOT, source), encoding="utf-8").read()
    block = src.split("pub(crate) const FEATURES", 1)[1].split("];", 1)[0]
    return [s.split('"')[1] for s in block.split("\n") if s.strip().startswith('"')]


def read_weights(path, names):
    """The weight of each of `names` in the file at `path` (0 for a name it lacks)."""
    w = {n: 0.0 for n in names}
    for line in open(path, encoding="utf-8"):
        p = line.split()
        if p and not p[0].startswith("#") and len(p) >= 2 and p[0] in w:
            w[p[0]] = float(p[1])
    return [w[n] for n in names]


DATA = os.path.join(ROOT, "../shared/data/quotes")


def scorer():
    """The shared data's `score_quotes.py`, imported as a module."""
    import importlib.util
    spec = importlib.util.spec_from_file_location("sq", os.path.join(DATA, "score_quotes.py"))
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def held_out(article_id):
    """The held-out quarter of PolNeAR train (never trained on): sha256(id) mod 4 == 0."""
    import hashlib
    return int(hashlib.sha256(article_id.encode()).hexdigest(), 16) % 4 == 0


def export(test, var, gold, out):
    """Runs the ignored test `test` that writes training rows for `gold` to `out` (named by
    the environment variable `var`)."""
    import subprocess
    env = dict(os.environ, **{var: out, "QUOTES_GOLD": gold})
    subprocess.run(["cargo", "test", "--locked", "--lib", test, "--", "--ignored", "--quiet"],
                   cwd=ROOT, env=env, check=True)
