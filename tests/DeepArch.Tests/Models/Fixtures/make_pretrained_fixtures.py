#!/usr/bin/env python3
"""Writes the PyTorch state-dict fixtures of PretrainedStateDictTests, once, with real PyTorch.

Run from this folder with Debian's PyTorch (python3-torch 1.13):  /usr/bin/python3 make_pretrained_fixtures.py
It writes three small files (all torch.save, zip format, as torchvision's published weights):
  small-vgg-bn.pth   state dict of a VGG-style net named as torchvision names VGG (features.N / classifier.N), with
                     batch normalisation, matching the course's Vgg(new VggConfig("4 M 8 M", BatchNorm: true,
                     Classes: 3, InputChannels: 3, PooledSize: 1, Hidden: 8))
  small-cnn.pth      state dict matching the course's SmallCnn(new SmallCnnConfig(3, 3, Width: 4, Blocks: 2))
  golden.pth         {"input": x [2, 3, 8, 8], "vgg_output": [2, 3], "cnn_output": [2, 3]} computed here in eval mode,
                     the golden values the C# tests compare against.
"""
from collections import OrderedDict
import torch
from torch import nn

torch.manual_seed(20261127)

vgg = nn.Module()
vgg.features = nn.Sequential(
    nn.Conv2d(3, 4, 3, padding=1), nn.BatchNorm2d(4), nn.ReLU(inplace=True), nn.MaxPool2d(2, 2),
    nn.Conv2d(4, 8, 3, padding=1), nn.BatchNorm2d(8), nn.ReLU(inplace=True), nn.MaxPool2d(2, 2))
vgg.avgpool = nn.AdaptiveAvgPool2d(1)
vgg.classifier = nn.Sequential(
    nn.Linear(8, 8), nn.ReLU(True), nn.Dropout(0.5), nn.Linear(8, 8), nn.ReLU(True), nn.Dropout(0.5), nn.Linear(8, 3))
with torch.no_grad():   # running statistics away from (0, 1), so loading the buffers matters
    for bn in (vgg.features[1], vgg.features[5]):
        bn.running_mean.uniform_(-0.5, 0.5)
        bn.running_var.uniform_(0.5, 2.0)
        bn.weight.uniform_(0.5, 1.5)
        bn.bias.uniform_(-0.2, 0.2)
        bn.num_batches_tracked.fill_(7)

cnn = nn.Module()
cnn.backbone = nn.Sequential(OrderedDict([
    ("conv1", nn.Conv2d(3, 4, 3, padding=1)), ("relu1", nn.ReLU()), ("pool1", nn.MaxPool2d(2)),
    ("conv2", nn.Conv2d(4, 8, 3, padding=1)), ("relu2", nn.ReLU()),
    ("gap", nn.AdaptiveAvgPool2d(1)), ("flatten", nn.Flatten())]))
cnn.head = nn.Linear(8, 3)

def vgg_forward(x):
    h = vgg.avgpool(vgg.features(x)).flatten(1)
    return vgg.classifier(h)

vgg.eval(); cnn.eval()
x = torch.rand(2, 3, 8, 8)
with torch.no_grad():
    golden = {"input": x, "vgg_output": vgg_forward(x), "cnn_output": cnn.head(cnn.backbone(x))}
torch.save(vgg.state_dict(), "small-vgg-bn.pth")
torch.save(cnn.state_dict(), "small-cnn.pth")
torch.save(golden, "golden.pth")
print("torch", torch.__version__, {k: tuple(v.shape) for k, v in golden.items()})
