from fastapi import FastAPI
from pydantic import BaseModel

from .agent import answer

app = FastAPI(title="support-assistant")


class Question(BaseModel):
    session_id: str
    text: str


@app.post("/chat")
def chat(question: Question) -> dict[str, str]:
    return {"answer": answer(question.session_id, question.text)}


@app.get("/healthz")
def healthz() -> dict[str, str]:
    return {"status": "ok"}
