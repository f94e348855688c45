#!/usr/bin/env python
"""Index ImageNet (ILSVRC-2012) for tokrepro, optionally writing a resized copy.

Expected layout (the Kaggle release, or the official tarballs with val/ reorganised into class folders):

    root/LOC_synset_mapping.txt        optional: `n01440764 tench, Tinca tinca`, one line per class
    root/train/<wnid>/<image>.JPEG
    root/val/<wnid>/<image>.JPEG
    root/annotations/captions_{split}.json   optional COCO-format captions (e.g. generated ones, for TexTok)

Writes root/index_{split}.json (or dest/index_{split}.json with --resize). All logic is in `tokrepro.data`
(nbs/00_data.ipynb); this script only parses the command line.
"""
from fastcore.script import call_parse

@call_parse
def main(root:str, # ImageNet root, holding train/ and val/ class folders
         splits:str='train,val', # comma-separated splits to index
         workers:int=2, # processes that validate (and resize) images
         resize:int=None, # also write a copy whose shorter side is this many pixels, and index the copy
         dest:str=None, # root of the resized copy (required with --resize)
         quiet:bool=False, # do not print the reports
        ):
    "Validate and index ImageNet's splits (root/{split}/<wnid>/*.JPEG); optionally write a resized copy."
    from tokrepro.data import index_cli  # imported here so that --help answers without loading torch
    for split in splits.split(','):
        index_cli(root, kind='imagenet', split=split.strip(), workers=workers, resize=resize, dest=dest, quiet=quiet)
