"""Areas: boundaries of gemeenten, wijken and buurten, their names, named sets, and crosswalks between years."""
