"""Handing connectomes to other simulators."""


def to_brian2(connectome, synapses, weight=None, delay=None, weight_unit=None, delay_unit=None):
    """Connects a Brian2 ``Synapses`` object as the connectome says.

    Calls ``synapses.connect(i=c.i, j=c.j)`` (one synapse per row, multapses included) and, when
    ``weight`` / ``delay`` name the synapse variable (e.g. ``weight="w"``, ``delay="delay"``),
    sets it from the table, times ``weight_unit`` / ``delay_unit`` (Brian2 quantities such as
    ``nS`` or ``ms``; the table holds plain numbers in the model's units). Returns ``synapses``.
    """
    synapses.connect(i=connectome.i, j=connectome.j)
    if weight is not None:
        w = connectome.weight.astype(float)
        setattr(synapses, weight, w * weight_unit if weight_unit is not None else w)
    if delay is not None:
        d = connectome.delay.astype(float)
        setattr(synapses, delay, d * delay_unit if delay_unit is not None else d)
    return synapses
