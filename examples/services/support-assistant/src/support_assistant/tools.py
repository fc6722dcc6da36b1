"""Tools the assistant may call."""

from langchain_community.tools import ShellTool
from langchain_core.tools import tool
from openai import OpenAI

from .settings import settings

# Diagnostics run on the jump host. The prompt tells the model to stick to
# ping / nslookup / openssl, but nothing enforces it.
shell = ShellTool()

_client = OpenAI(api_key=settings.openai_api_key)


@tool
def summarise_ticket(ticket_text: str) -> str:
    """Summarise a long ticket thread into three bullet points."""
    response = _client.chat.completions.create(
        model=settings.openai_model,
        messages=[
            {"role": "system", "content": "Summarise IT tickets in three short bullets."},
            {"role": "user", "content": ticket_text},
        ],
    )
    return response.choices[0].message.content or ""


TOOLS = [shell, summarise_ticket]
