#!/usr/bin/env bash
# Runs once when the container is created: Jupyter clients, then restore and build everything.
set -euo pipefail
python3 -m pip install --user --quiet nbclient nbformat nbconvert jupyter_client
dotnet build DeepArch.Notebooks.sln
./deeparch info
