# right: loop over query rows in pure Python math
def softmax_saturation(q, k, scaled=True):
    """(mean entropy in nats, mean max weight)."""
    d = q.shape[1]
    ents, maxes = [], []
    for row in q:
        logits = [float(np.dot(row, key)) / (math.sqrt(d) if scaled else 1.0) for key in k]
        top = max(logits)
        exps = [math.exp(v - top) for v in logits]
        total = sum(exps)
        ps = [e / total for e in exps]
        ents.append(-sum(p * math.log(p) for p in ps if p > 0))
        maxes.append(max(ps))
    return sum(ents) / len(ents), sum(maxes) / len(maxes)
