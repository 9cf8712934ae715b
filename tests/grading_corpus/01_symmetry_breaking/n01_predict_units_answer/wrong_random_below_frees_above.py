# wrong: a random layer 1 below frees the constant layer 2 above it (A)
def predicted_distinct_units():
    return {"A": (16, 16), "B": (16, 16), "C": (16, 15), "D": (12, 16), "E": (16, 16), "F": (1, 1), "G": (16, 1), "H": (16, 16), "I": (16, 16)}
