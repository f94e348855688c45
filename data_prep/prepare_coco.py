#!/usr/bin/env python
"""Index MS-COCO captions data for tokrepro, optionally writing a resized copy.

Expected layout (the official 2014 or 2017 release):

    root/train2014/*.jpg
    root/val2014/*.jpg
    root/annotations/captions_train2014.json
    root/annotations/captions_val2014.json

Writes root/index_{split}.json (or dest/index_{split}.json with --resize). All logic is in `tokrepro.data`
(nbs/00_data.ipynb); this script only parses the command line.
"""
from fastcore.script import call_parse

@call_parse
def main(root:str, # COCO root, holding {split}{year}/ and annotations/
         splits:str='train,val', # comma-separated splits to index
         year:str='2014', # release year: 2014 or 2017
         workers:int=2, # processes that validate (and resize) images
         resize:int=None, # also write a copy whose shorter side is this many pixels, and index the copy
         dest:str=None, # root of the resized copy (required with --resize)
         quiet:bool=False, # do not print the reports
        ):
    "Validate and index COCO's images and captions (root/{split}{year}/, root/annotations/); optionally resize a copy."
    from tokrepro.data import index_cli  # imported here so that --help answers without loading torch
    for split in splits.split(','):
        index_cli(root, kind='coco', split=split.strip(), year=year, workers=workers, resize=resize, dest=dest,
                  quiet=quiet)
