# wrong: random biases with constant weights do not separate layer 1 (G)
def predicted_distinct_units():
    return {"A": (16, 1), "B": (16, 16), "C": (16, 15), "D": (12, 16), "E": (16, 16), "F": (1, 1), "G": (1, 1), "H": (16, 16), "I": (16, 16)}
