#!/usr/bin/env bash
# Runs once when the container is created: Jupyter clients, then restore and build everything.
set -euo pipefail
# g++ builds the native abort guard; DejaVu gives image captions a font.
sudo apt-get update -qq && sudo apt-get install -y -qq --no-install-recommends g++ fonts-dejavu-core
python3 -m pip install --user --quiet nbclient nbformat nbconvert jupyter_client
dotnet build DeepArch.Notebooks.sln
./deeparch info
./deeparch kernel install
