"""Hugging Face model cards and safetensors checkpoints, in and out.

``yamltext`` writes the card's metadata (no YAML library needed to write); ``card`` writes
a card from an entry and reads one back into a record; ``checkpoint`` reads a local
checkpoint folder (config.json and the safetensors headers, never the weights); ``hub``
does the same through ``huggingface_hub`` (the optional extra ``modelcard[hf]``);
``records`` turns what was read into a new or updated entry.
"""
