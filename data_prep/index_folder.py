#!/usr/bin/env python
"""Index any folder of images (searched recursively, unlabelled) for tokrepro, optionally writing a resized copy.

Writes root/index_{name}.json (or dest/index_{name}.json with --resize, or --out). All logic is in `tokrepro.data`
(nbs/00_data.ipynb); this script only parses the command line.
"""
from fastcore.script import call_parse

@call_parse
def main(root:str, # folder of images
         name:str='all', # names the index file: index_{name}.json
         out:str=None, # index file to write instead
         workers:int=2, # processes that validate (and resize) images
         resize:int=None, # also write a copy whose shorter side is this many pixels, and index the copy
         dest:str=None, # root of the resized copy (required with --resize)
         quiet:bool=False, # do not print the report
        ):
    "Validate and index every image under a folder; optionally write a resized copy."
    from tokrepro.data import index_cli  # imported here so that --help answers without loading torch
    index_cli(root, kind='folder', split=name, out=out, workers=workers, resize=resize, dest=dest, quiet=quiet)
