# wrong: every case with anything random trains all units apart (16, 16)
def predicted_distinct_units():
    return {"A": (16, 16), "B": (16, 16), "C": (16, 16), "D": (16, 16), "E": (16, 16), "F": (1, 1), "G": (16, 16), "H": (16, 16), "I": (16, 16)}
