"""Makes the bad TorchScript models of this folder (run with Debian's torch: /usr/bin/python3 make_bad_models.py).

Each is tiny (input 1x3x8x8, two classes) and wrong in one way a user's export can be wrong; BadModelTest
checks the one-line message each gets.
"""
import json
import zipfile

import torch
from torch import nn

torch.manual_seed(0)
x = torch.zeros(1, 3, 8, 8)


class Linear(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(3 * 8 * 8, 2)

    def forward(self, x):
        return self.fc(x.flatten(1))


class TupleOutput(Linear):
    def forward(self, x):
        y = self.fc(x.flatten(1))
        return y, y.softmax(1)


class DetachesInput(Linear):
    def forward(self, x):
        return self.fc(x.detach().flatten(1))


class Raises(Linear):
    def forward(self, x):
        if x.shape[-1] != 32:
            raise RuntimeError("this model expects 32x32 pictures of cats")
        return self.fc(x.flatten(1))


class NanOutput(Linear):
    def forward(self, x):
        y = self.fc(x.flatten(1))
        return torch.stack([y[:, 0], y[:, 1] * float("nan")], 1)


def save(module, name, script=False):
    module.eval()
    exported = torch.jit.script(module) if script else torch.jit.trace(module, x)
    exported.save(name + ".pt")
    with open(name + ".json", "w") as sidecar:
        json.dump({"classes": ["a", "b"], "input_size": 8, "mean": [0, 0, 0], "std": [1, 1, 1]}, sidecar)


save(TupleOutput(), "tuple-output")
save(DetachesInput(), "detaches-input")
save(Raises(), "raises", script=True)
save(NanOutput(), "nan-output")
# A state dict saved with torch.save: a zip with data.pkl and no code.
torch.save(Linear().state_dict(), "state-dict.pt")
# A zip that has nothing to do with PyTorch.
with zipfile.ZipFile("plain-zip.pt", "w") as archive:
    archive.writestr("readme.txt", "holiday photos")
