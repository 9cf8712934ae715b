# right: built from the rule "a group of units agreeing in row, bias and outgoing column stays together"
def predicted_distinct_units():
    n = 16
    free = (n, n)
    out = {case: free for case in "ABCDEFGHI"}
    out["A"] = (n, 1)           # layer 2 symmetric: constant rows, zero biases, constant W3
    out["C"] = (n, n - 1)       # one full copy in layer 2
    out["D"] = (n - 4, n)       # units 0..4 form one group of five
    out["F"] = (1, 1)           # constant (zero) everywhere
    out["G"] = (n, 1)           # biases free layer 1 only
    return out
