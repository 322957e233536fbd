# A small web app: one page that greets whoever the NAME environment variable names.
import os

from flask import Flask

app = Flask(__name__)


@app.route("/")
def hello():
    name = os.environ.get("NAME", "nowhere")
    return f"Hello from {name}!\n"


if __name__ == "__main__":
    # 0.0.0.0, not the default 127.0.0.1: requests come in from outside the container.
    app.run(host="0.0.0.0", port=8000)
