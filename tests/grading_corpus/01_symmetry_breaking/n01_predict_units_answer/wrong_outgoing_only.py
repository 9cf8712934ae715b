# wrong: equal outgoing weights alone keep units together (H stuck in layer 2)
def predicted_distinct_units():
    return {"A": (16, 1), "B": (16, 16), "C": (16, 15), "D": (12, 16), "E": (16, 16), "F": (1, 1), "G": (16, 1), "H": (16, 1), "I": (16, 16)}
