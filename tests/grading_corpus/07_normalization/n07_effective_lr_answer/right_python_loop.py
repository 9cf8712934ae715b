# right: plain Python sum of squares
def effective_lr(lr, weight):
    total = 0.0
    for value in np.asarray(weight).flat:
        total += float(value) ** 2
    return lr / total
