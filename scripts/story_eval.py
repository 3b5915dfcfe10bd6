#!/usr/bin/env python3
"""Measures issue 18's story features on real text (numbers for docs/PERFORMANCE.md).

  story_eval.py similar BIN INDEX TOPICS.tsv [N]   P@10 of `similar` by Reuters topic label
  story_eval.py similar-reference BIN INDEX REUTERS.jsonl.gz TOPICS.tsv [N]
      the same P@10 for a Lucene MoreLikeThis-style reference on the same articles: the
      article's 25 best words by tf x idf (Lucene's defaults: a word at least twice in the
      article and in at least 5 articles; idf = ln(N / (df + 1)) + 1) ORed into one query,
      ranked by the same index, the article and its copies left out
  story_eval.py dups BIN INDEX REUTERS.jsonl.gz     recall of Reuters' exact duplicates
  story_eval.py copies BIN REUTERS.jsonl.gz WORKDIR [N]
      builds a labelled set from N Reuters articles: each re-saved three ways (site
      boilerplate added, last paragraph or sentence trimmed, headline case changed with the
      date a day off), plus pairs of different articles sharing a topic and a day (which
      must stay apart); indexes it and reports pairwise precision and recall of the groups.

Nothing from the data is written into the repository; WORKDIR is scratch space.
"""
import gzip, json, math, random, re, subprocess, sys, os, itertools, datetime

def run(bin_, *args):
    p = subprocess.run([bin_, *args], capture_output=True, text=True)
    return p.returncode, p.stdout, p.stderr

def similar(bin_, index, topics_path, n=300):
    topics, chosen = topic_ids(topics_path, n)
    total, queries, skipped = 0.0, 0, 0
    for id_ in chosen:
        code, out, err = run(bin_, "similar", id_, "--json", "--limit", "10", "--index", index)
        if code == 2:
            skipped += 1
            continue
        hits = json.loads(out)["hits"] if out.strip() else []
        shared = sum(1 for h in hits if topics.get(h["id"], set()) & topics[id_])
        total += shared / 10.0
        queries += 1
    print(f"similar: P@10 by shared topic = {total / max(queries, 1):.3f} over {queries} articles ({skipped} unknown)")

def topic_ids(topics_path, n):
    topics = {}
    for line in open(topics_path):
        parts = line.rstrip("\n").split("\t")
        if len(parts) >= 2 and parts[0] != "id":
            topics[parts[0]] = set(parts[1].replace(",", " ").split())
    ids = sorted(topics)
    random.Random(18).shuffle(ids)
    return topics, ids[:n]

WORD = re.compile(r"[^\W_]+")

def words(text):
    return [w.lower() for w in WORD.findall(text or "") if len(w) > 1]

def similar_reference(bin_, index, path, topics_path, n=300):
    topics, chosen = topic_ids(topics_path, n)
    df, docs, count = {}, {}, 0
    for a in reuters(path):
        ws = words(a.get("headline")) + words(a.get("body"))
        docs[str(a["id"])] = ws
        count += 1
        for w in set(ws):
            df[w] = df.get(w, 0) + 1
    total, queries, skipped = 0.0, 0, 0
    for id_ in chosen:
        tf = {}
        for w in docs.get(id_, []):
            tf[w] = tf.get(w, 0) + 1
        scored = [(c * (math.log(count / (df[w] + 1)) + 1), w) for w, c in tf.items()
                  if c >= 2 and df[w] >= 5 and not w.isdigit()]
        best = [w for _, w in sorted(scored, reverse=True)[:25]]
        code, out, _ = run(bin_, "show", id_, "--json", "--index", index)
        if code != 0 or not best:
            skipped += 1
            continue
        left_out = {id_} | {c["id"] for c in json.loads(out).get("copies", [])}
        code, out, _ = run(bin_, "search", " OR ".join(best), "--json", "--all-copies",
                           "--limit", str(10 + len(left_out)), "--index", index)
        hits = [h for h in json.loads(out)["hits"] if h["id"] not in left_out][:10] if code == 0 else []
        total += sum(1 for h in hits if topics.get(h["id"], set()) & topics[id_]) / 10.0
        queries += 1
    print(f"MoreLikeThis-style reference: P@10 by shared topic = {total / max(queries, 1):.3f} "
          f"over {queries} articles ({skipped} without a query)")

def reuters(path):
    with gzip.open(path, "rt") as f:
        for line in f:
            yield json.loads(line)

def dups(bin_, index, path):
    by_text = {}
    for a in reuters(path):
        body = (a.get("body") or "").strip()
        if body:
            by_text.setdefault(((a.get("headline") or "").strip(), body), []).append(str(a["id"]))
    groups = [g for g in by_text.values() if len(g) > 1]
    pairs = found = 0
    for g in groups:
        code, out, _ = run(bin_, "show", g[0], "--json", "--index", index)
        copies = {c["id"] for c in json.loads(out).get("copies", [])} if code == 0 else set()
        for other in g[1:]:
            pairs += 1
            found += other in copies
    print(f"exact duplicates (non-empty body): {found}/{pairs} pairs grouped = {found / max(pairs, 1):.3f}")

BOILER = ["Subscribe to our newsletter for the day's top business stories.",
          "Copyright notice: all rights reserved. Reproduction without permission is prohibited.",
          "Follow us on social media. Related coverage: markets, commodities, currencies."]

def variants(a, rng):
    body, head = a["body"], a.get("headline") or ""
    paras = [p for p in body.split("\n") if p.strip()]
    out = []
    out.append((head, body + "\n\n" + rng.choice(BOILER) + " " + rng.choice(BOILER), 0))
    if len(paras) > 2:
        trimmed = "\n".join(paras[:-1])
    else:
        sents = body.split(". ")
        trimmed = ". ".join(sents[:-1]) if len(sents) > 2 else body
    out.append((head, trimmed, 0))
    out.append((head.title() if head.isupper() else head.upper(), body, 1))
    return out

def copies(bin_, path, work, n=400):
    rng = random.Random(18)
    topics = {}
    tp = os.path.join(os.path.dirname(path), "topics.tsv")
    for line in open(tp):
        parts = line.rstrip("\n").split("\t")
        if len(parts) >= 2:
            topics[parts[0]] = parts[1]
    seen, pool = set(), []
    for a in reuters(path):
        body = (a.get("body") or "").strip()
        key = (a.get("headline"), body)
        if len(body.split()) >= 60 and a.get("date") and a.get("headline") and key not in seen:
            seen.add(key)
            pool.append(a)
    rng.shuffle(pool)
    originals = pool[:n]
    # Different stories of the same topic on the same day: must stay apart.
    by_day_topic = {}
    for a in pool[n:]:
        t = topics.get(str(a["id"]))
        if t:
            by_day_topic.setdefault((a["date"][:10], t), []).append(a)
    others = []
    for a in originals:
        t = topics.get(str(a["id"]))
        cands = by_day_topic.get((a["date"][:10], t), []) if t else []
        if cands:
            others.append(cands.pop())
    os.makedirs(work, exist_ok=True)
    gold = {}
    lines = []
    for i, a in enumerate(originals):
        oid = f"o{i}"
        gold[oid] = i
        lines.append({"id": oid, "date": a["date"][:10], "headline": a["headline"], "body": a["body"]})
        for j, (h, b, shift) in enumerate(variants(a, rng)):
            d = datetime.date.fromisoformat(a["date"][:10]) + datetime.timedelta(days=shift)
            vid = f"o{i}v{j}"
            gold[vid] = i
            lines.append({"id": vid, "date": d.isoformat(), "headline": h, "body": b})
    for k, a in enumerate(others):
        oid = f"x{k}"
        gold[oid] = -(k + 1)
        lines.append({"id": oid, "date": a["date"][:10], "headline": a["headline"], "body": a["body"]})
    with open(os.path.join(work, "set.jsonl"), "w") as f:
        for l in lines:
            f.write(json.dumps(l) + "\n")
    index = os.path.join(work, "index")
    code, out, err = run(bin_, "index", os.path.join(work, "set.jsonl"), "--index", index, "--rebuild", "--json")
    assert code == 0, err
    predicted = {}
    for l in lines:
        code, out, _ = run(bin_, "show", l["id"], "--json", "--index", index)
        predicted[l["id"]] = {c["id"] for c in json.loads(out).get("copies", [])}
    tp = fp = fn = 0
    for a, b in itertools.combinations(sorted(gold), 2):
        same_gold = gold[a] == gold[b]
        same_pred = b in predicted[a]
        tp += same_gold and same_pred
        fp += same_pred and not same_gold
        fn += same_gold and not same_pred
    p = tp / max(tp + fp, 1)
    r = tp / max(tp + fn, 1)
    print(f"copies: {len(originals)} stories x 4 copies + {len(others)} same-topic same-day others; "
          f"pairwise precision {p:.3f} recall {r:.3f} (tp {tp} fp {fp} fn {fn})")

if __name__ == "__main__":
    cmd = sys.argv[1]
    if cmd == "similar":
        similar(sys.argv[2], sys.argv[3], sys.argv[4], int(sys.argv[5]) if len(sys.argv) > 5 else 300)
    elif cmd == "similar-reference":
        similar_reference(sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5],
                          int(sys.argv[6]) if len(sys.argv) > 6 else 300)
    elif cmd == "dups":
        dups(sys.argv[2], sys.argv[3], sys.argv[4])
    elif cmd == "copies":
        copies(sys.argv[2], sys.argv[3], sys.argv[4], int(sys.argv[5]) if len(sys.argv) > 5 else 400)
    else:
        sys.exit(__doc__)
