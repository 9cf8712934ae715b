# wrong: a tuple instead of a dict
def predicted_relu_tables():
    return (math.sqrt(50), 25000.0, 6.25e-7, math.sqrt(0.5 - 1 / (2 * math.pi)))
