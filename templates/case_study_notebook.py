# ---
# jupyter:
#   guide:
#     part: architectures
#     slug: $slug-notebook
#     description: >-
#       FILL IN: one sentence, 50-200 characters, on what the notebook shows for $title.
#     tags: [Senior]
#   jupytext:
#     text_representation:
#       extension: .py
#       format_name: percent
#       format_version: '1.3'
#       jupytext_version: 1.19.6
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# # $title
#
# FILL IN: the claim this notebook demonstrates, in two or three sentences. Generate the data
# here (nothing is downloaded), seed every random generator, state the claim in prose and
# assert it in code, and plot what a reader would rather see than read. See
# docs/contributing/notebooks.md and the published notebooks for the standard.

# %%
import numpy as np

rng = np.random.default_rng(0)
