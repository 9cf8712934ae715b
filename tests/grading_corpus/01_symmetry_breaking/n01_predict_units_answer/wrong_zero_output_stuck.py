# wrong: a zero output layer W3 makes layer 2 symmetric (E)
def predicted_distinct_units():
    return {"A": (16, 1), "B": (16, 16), "C": (16, 15), "D": (12, 16), "E": (16, 1), "F": (1, 1), "G": (16, 1), "H": (16, 16), "I": (16, 16)}
