"""The other direction: numpy writes what users hand us (Fortran order, big-endian, int64 indices,
np.savez_compressed), and `io_write_fixture --read-numpy DIR` must read it."""
import os
import sys

import numpy as np

d = sys.argv[1]
os.makedirs(d, exist_ok=True)
np.save(os.path.join(d, "fortran3d.npy"), np.asfortranarray(np.arange(24, dtype=">i8").reshape(2, 3, 4)))
np.save(os.path.join(d, "positions.npy"), np.asfortranarray(np.array([[0.0, 1.0], [2.0, 3.0], [4.0, 5.5]], dtype=np.float32)))
np.savez_compressed(os.path.join(d, "user.npz"), source=np.array([0, 0, 2]), target=np.array([1, 2, 0]),
                    weight=np.array([0.5, 1.5, -1.0]), delay=np.array([1.0, 1.0, 2.0]),
                    n_source=np.int64(3), n_target=3)
