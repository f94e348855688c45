#!/usr/bin/env python
"""Write the toy world (ImageNet-style class folders, a synset list, COCO-style captions) to a folder.

Example: python data_prep/make_toy_world.py --root data/toy --res 64"""
from tokrepro.toyworld import toy_world_cli

if __name__ == '__main__': toy_world_cli()
