"""The ReAct agent behind /chat."""

from langchain_openai import ChatOpenAI
from langgraph.checkpoint.memory import MemorySaver
from langgraph.prebuilt import create_react_agent

from .settings import settings
from .tools import TOOLS

SYSTEM_PROMPT = (
    "You are the Northwind Health IT service-desk assistant. Answer staff questions. "
    "You may run network diagnostics with the shell tool: only ping, nslookup and "
    "openssl s_client. Never change configuration."
)

llm = ChatOpenAI(model=settings.openai_model, api_key=settings.openai_api_key, temperature=0)

agent = create_react_agent(
    llm,
    tools=TOOLS,
    prompt=SYSTEM_PROMPT,
    checkpointer=MemorySaver(),
)


def answer(session_id: str, question: str) -> str:
    # No recursion_limit in the config: the graph runs until the model stops
    # calling tools (LangGraph's default cap applies).
    result = agent.invoke(
        {"messages": [("user", question)]},
        config={"configurable": {"thread_id": session_id}},
    )
    return result["messages"][-1].content
